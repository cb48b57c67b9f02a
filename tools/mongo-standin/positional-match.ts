// The element the positional `$` stands for: the first element of the array that satisfies the
// query's conditions on that array, found once per document as it was matched (MongoDB records it
// while matching; every `$` path of one update uses the same index).
import { isPlainObject, type Doc } from './bson-order.js';
import { childOf } from './update-paths.js';
import { compileFilter, elementMatcher } from './query-engine.js';

type ElementTest = (element: unknown) => boolean;

function elementTests(filter: Doc, doc: Doc, arrayPath: string): ElementTest[] {
  const tests: ElementTest[] = [];
  for (const [key, condition] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(condition)) {
      for (const part of condition)
        if (isPlainObject(part)) tests.push(...elementTests(part, doc, arrayPath));
    } else if (key === '$or' && Array.isArray(condition)) {
      // The branch that matched the document is the one that positioned the `$`.
      const branch = condition.find((part) => isPlainObject(part) && compileFilter(part)(doc));
      if (isPlainObject(branch)) tests.push(...elementTests(branch, doc, arrayPath));
    } else if (key === arrayPath) {
      tests.push(wholeElementTest(condition));
    } else if (key.startsWith(`${arrayPath}.`)) {
      const rest = key.slice(arrayPath.length + 1);
      const test = compileFilter({ [rest]: condition });
      tests.push((element) => isPlainObject(element) && test(element));
    }
  }
  return tests;
}

/** A condition on the array field itself, applied to one element. */
function wholeElementTest(condition: unknown): ElementTest {
  if (isPlainObject(condition) && isPlainObject(condition.$elemMatch))
    return elementMatcher(condition.$elemMatch);
  const test = compileFilter({ v: condition });
  return (element) => test({ v: element });
}

/** Index for `arr.$` in `doc`, which matched `filter`; undefined when the query did not position one. */
export function positionalIndex(doc: Doc, filter: Doc, arrayPath: string[]): number | undefined {
  let array: unknown = doc;
  for (const part of arrayPath) array = childOf(array, part);
  if (!Array.isArray(array)) return undefined;
  const tests = elementTests(filter, doc, arrayPath.join('.'));
  if (tests.length === 0) return undefined;
  const all = array.findIndex((element) => tests.every((test) => test(element)));
  if (all >= 0) return all;
  // Conditions met by different elements: MongoDB keeps the position of one of them.
  const any = array.findIndex((element) => tests.some((test) => test(element)));
  return any >= 0 ? any : undefined;
}
