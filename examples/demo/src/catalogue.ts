import type { AchievementInput } from '@ob3/issuer'

/** The issuing organisation of the demo (fictional). */
export const PROVIDER = {
  name: 'Northwind Educator Academy',
  url: 'https://academy.northwind.example',
  description: 'A professional-learning provider that assesses and awards educator micro-credentials.',
}

const BASE = 'https://academy.northwind.example/micro-credentials/idea-generating'

/** One rubric part: what is scored and the levels it can reach, lowest first. */
function rubricPart(slug: string, name: string, levels: [string, string][], required: string): Record<string, unknown> {
  return {
    id: `${BASE}/rubric/${slug}`,
    type: ['ResultDescription'],
    name,
    resultType: 'RubricCriterionLevel',
    requiredLevel: `${BASE}/rubric/${slug}/${required}`,
    rubricCriterionLevel: levels.map(([level, description]) => ({
      id: `${BASE}/rubric/${slug}/${level.toLowerCase().replace(/\s+/g, '-')}`,
      type: ['RubricCriterionLevel'],
      name: level,
      description,
    })),
  }
}

/**
 * "Idea Generating", a Deeper Learning micro-credential in the category "Think critically and
 * solve complex problems", described in this project's own words.
 */
export const IDEA_GENERATING: AchievementInput = {
  id: BASE,
  name: 'Idea Generating',
  description:
    'The educator leads students through a structured brainstorm: agreed ground rules, many ideas, ' +
    'grouping and voting, sketching out the strongest ideas, and a look back at how the process went.',
  achievementType: 'MicroCredential',
  criteria: {
    id: `${BASE}/criteria`,
    narrative:
      '1. **Overview** — two answers of at most 200 words: the activities used, and how the educator ' +
      'knows students grew.\n2. **Student work** — samples from two students (idea lists, sketches, votes).\n' +
      '3. **Student reflections** — one from each of the same students, at most 200 words.\n' +
      '4. **Teacher reflection** — at most 200 words.\n\nAwarded for a passing score on parts 1, 3 and 4 and a "Yes" on part 2.',
  },
  alignment: [
    {
      type: ['Alignment'],
      targetName: 'Think critically and solve complex problems',
      targetUrl: 'https://academy.northwind.example/frameworks/deeper-learning#think-critically',
      targetFramework: 'Deeper Learning',
      targetType: 'ceasn:Competency',
    },
  ],
  resultDescription: [
    rubricPart('overview', 'Part 1: Overview questions', [['Not yet', 'Answers miss a step of the method or give no evidence of growth.'], ['Pass', 'Answers name each step and point to evidence of student growth.']], 'pass'),
    rubricPart('student-work', 'Part 2: Student work samples', [['No', 'The samples do not show the brainstorming process.'], ['Yes', 'Both samples show ideas generated, grouped and developed.']], 'yes'),
    rubricPart('student-reflections', 'Part 3: Student reflections', [['Not yet', 'Reflections do not describe the process.'], ['Pass', 'Both students describe how their thinking changed.']], 'pass'),
    rubricPart('teacher-reflection', 'Part 4: Teacher reflection', [['Not yet', 'The reflection does not consider impact.'], ['Pass', 'The reflection weighs impact and names a next step.']], 'pass'),
  ],
  creditsAvailable: 15,
  tag: ['deeper learning', 'brainstorming', 'critical thinking'],
}

/** The rubric level reached on each part, as the assessor scored it. */
export function resultsFor(levels: Record<string, string>): Record<string, unknown>[] {
  return Object.entries(levels).map(([slug, level]) => ({
    type: ['Result'],
    resultDescription: `${BASE}/rubric/${slug}`,
    achievedLevel: `${BASE}/rubric/${slug}/${level}`,
  }))
}
