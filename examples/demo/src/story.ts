/** How the demo talks to the person running it: numbered steps, indented details. */
export function narrator(): { step: (text: string) => void; detail: (text: string) => void } {
  let n = 0
  return {
    step: (text) => console.log(`\n${++n}. ${text}`),
    detail: (text) => console.log(`   ${text}`),
  }
}

/** A teacher's submission for "Idea Generating": answers, student work, reflections (fictional). */
export const SUBMISSION = {
  answers: [
    'Over one week my Grade 7 class redesigned the park beside our school. We agreed ground rules, did a ten-minute silent idea burst, grouped the sticky notes on the wall, dot-voted the top three ideas, then sketched and expanded them in teams before a gallery walk.',
    'Exit tickets went from one idea per student on day one to four or five, and the sketches on day three combined ideas from different groups. Two students who never speak in discussions had ideas in the final vote.',
  ],
  revisedFirstAnswer:
    'Over one week my Grade 7 class redesigned the park beside our school. Day 1: we agreed ground rules (no judging, build on others) and did a ten-minute silent idea burst. Day 2: we grouped the ideas on the wall and dot-voted the top three. Day 3: teams sketched and expanded them, then a gallery walk and a class review of what helped.',
  reflections: [
    'At first I only wrote one idea because I thought it had to be good. When we grouped everything I saw my idea next to others and we made it bigger.',
    'The voting was fun but the best part was the sketching because our team mixed the skate ramp idea with the garden idea.',
  ],
  teacherReflection:
    'The silent idea burst mattered most: it gave quiet students time. Next time I will keep the groups mixed across the whole week and add a short self-assessment after the gallery walk.',
}
