import { checkLibrary, namedExports } from './check-library';
import { similarityAssertion } from './reference-similarity';

const jsRouge = checkLibrary('js-rouge', "'rouge-n'", async () => namedExports(await import('js-rouge')));

/**
 * `rouge-n`: the ROUGE-1 F-measure of the output against the reference text in `value`
 * is at least the threshold (default 0.75). It is computed with js-rouge, the package
 * promptfoo uses, with its defaults: unigrams, case-sensitive, Penn Treebank tokens
 * (punctuation is a token of its own), F1 of unigram precision and recall.
 */
export const rougeNAssertion = similarityAssertion({
  type: 'rouge-n',
  name: 'ROUGE-N',
  defaultThreshold: 0.75,
  acceptsReferenceList: false,
  score: async (output, [reference]) => (await jsRouge()).n(output, reference, {}),
});
