import type { Award } from '@ob3/issuer'

const BASE = 'https://academy.northwind.example/micro-credentials/evidence-backed-positions'

/**
 * The awards the bench signs and verifies: `small` is a plain micro-credential (about the 3.7 KB of
 * the reference measurement once signed); `rubric` adds a four-part rubric, results and alignments.
 */
export function benchAward(size: 'small' | 'rubric'): Award {
  const achievement: Award['achievement'] = {
    id: BASE,
    name: 'Evidence-backed Positions',
    description: 'Students take a position on an open question and defend it with evidence they have weighed.',
    achievementType: 'MicroCredential',
    criteria: { narrative: 'A unit plan, two student position papers with their sources, and a reflection of at most 200 words.' },
    creditsAvailable: 15,
    humanCode: 'DL-TC-04',
    inLanguage: 'en',
    image: { id: 'https://academy.northwind.example/badges/evidence-backed-positions.png', type: 'Image', caption: 'Evidence-backed Positions badge' },
    tag: ['deeper learning', 'argumentation', 'critical thinking', 'research'],
    alignment: [
      { type: ['Alignment'], targetName: 'Think critically and solve complex problems', targetUrl: `${BASE}#framework`, targetFramework: 'Deeper Learning', targetType: 'ceasn:Competency', targetDescription: 'Students analyse, weigh evidence and reason to conclusions.' },
      { type: ['Alignment'], targetName: 'Domain 3: Instruction', targetUrl: `${BASE}#danielson-3`, targetFramework: 'Danielson Framework for Teaching', targetCode: '3b' },
    ],
  }
  if (size === 'rubric') {
    achievement.resultDescription = ['overview', 'student-work', 'student-reflection', 'teacher-reflection'].map((part) => ({
      id: `${BASE}/rubric/${part}`,
      type: ['ResultDescription'],
      name: `Part: ${part}`,
      resultType: 'RubricCriterionLevel',
      requiredLevel: `${BASE}/rubric/${part}/pass`,
      rubricCriterionLevel: ['not-yet', 'pass'].map((level) => ({ id: `${BASE}/rubric/${part}/${level}`, type: ['RubricCriterionLevel'], name: level })),
    }))
  }
  return {
    id: 'urn:uuid:6a1f1c52-3e0b-4b52-9d7e-2f6f0f7d9a11',
    achievement,
    recipient: { id: 'did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG' },
    creditsEarned: 15,
    narrative: 'Assessed double-blind against the four-part rubric; every part met the passing level on first submission.',
    validFrom: '2026-01-01T00:00:00Z',
    artifacts: [
      { name: 'Unit plan', mediaType: 'application/pdf', genre: 'Lesson plan', narrative: 'Three lessons: framing the question, weighing sources, writing the position.', digestMultibase: 'zQmatYkNGZnELf8cAGdyJpUca2PyY4szai3RHyyWofNY1pY' },
      { name: 'Position paper, student A', mediaType: 'application/pdf', genre: 'Student work', narrative: 'A position on the school-day start time, with four weighed sources.', digestMultibase: 'zQmatYkNGZnELf8cAGdyJpUca2PyY4szai3RHyyWofNY1pY' },
      { name: 'Position paper, student B', mediaType: 'application/pdf', genre: 'Student work', digestMultibase: 'zQmatYkNGZnELf8cAGdyJpUca2PyY4szai3RHyyWofNY1pY' },
      { name: 'Teacher reflection', mediaType: 'text/plain', genre: 'Reflection', digestMultibase: 'zQmatYkNGZnELf8cAGdyJpUca2PyY4szai3RHyyWofNY1pY' },
    ],
    ...(size === 'rubric'
      ? { results: ['overview', 'student-work', 'student-reflection', 'teacher-reflection'].map((part) => ({ type: ['Result'], resultDescription: `${BASE}/rubric/${part}`, achievedLevel: `${BASE}/rubric/${part}/pass` })) }
      : {}),
  }
}
