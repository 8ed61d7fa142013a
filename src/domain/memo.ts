/**
 * Answers remembered by their question: the readers and checks ask the same few hundred short texts
 * over and over (a 10-form workbook reads `10.00` or `产出指标` dozens of times). Each cache is bounded
 * (2,000 answers: a 100,000-form batch then runs in the memory a 5,000-form one does),
 * so a run over thousands of distinct texts does not grow without end, and a long text (a goal, a
 * reason) is answered afresh: hashing it costs about what answering it does, and it rarely recurs.
 * Only for pure functions whose answers are immutable.
 */
export function remembered<K extends string | number, T>(ask: (key: K) => T, limit = 2000): (key: K) => T {
  const answers = new Map<K, T>();
  return (key) => {
    if (typeof key === "string" && key.length > LONGEST) return ask(key);
    const known = answers.get(key);
    if (known !== undefined || answers.has(key)) return known as T;
    if (answers.size >= limit) answers.clear();
    const answer = ask(key);
    answers.set(key, answer);
    return answer;
  };
}

/** Labels, amounts and category names are shorter; goal texts and reasons longer. */
const LONGEST = 40;
