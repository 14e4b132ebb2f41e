// Types of readme-sections.mjs, for the test that checks the README against it.
export declare const repoRoot: string;
export declare const readmePath: string;
export declare const CLI_HELP_COMMANDS: readonly string[][];
/** The text between a section's markers, or undefined when the README lacks them. */
export declare function readSection(readme: string, name: string): string | undefined;
/** The README with a section's content replaced; throws when the markers are missing. */
export declare function replaceSection(readme: string, name: string, content: string): string;
/** The Markdown table of every setting in package.json (the repository's when no manifest is given). */
export declare function settingsTable(manifest?: unknown): string;
/** Every command's --help output in fenced blocks. */
export declare function cliReference(): Promise<string>;
