/** Markdown prompt templates are bundled as text (esbuild `text` loader; a require hook in tests). */
declare module '*.md' {
  const text: string;
  export default text;
}
