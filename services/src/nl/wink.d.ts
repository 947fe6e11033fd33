// Type declarations for two CommonJS data packages that ship none (services/src/nl/words.ts).
declare module "wink-lemmatizer" {
  const lemmatizer: {
    verb(word: string): string;
    noun(word: string): string;
    adjective(word: string): string;
  };
  export default lemmatizer;
}

declare module "wink-lexicon" {
  const winkLexicon: { lexicon: Record<string, string[] | undefined> };
  export default winkLexicon;
}
