import { packageBuild } from '../../scripts/tsup-package.ts'

export default packageBuild({ entry: ['src/index.ts'] })
