/**
 * The command line the engine runs as `sh -c` for the words after `--`. One word is a shell command
 * line as it is (`-- 'echo $HOME; exit 3'`); several words are each quoted, so every word stays one
 * argument as `kubectl exec -- ls -l "my file"` passes them. None: undefined (an interactive `sh`).
 */
export function shellCommand(words: readonly string[]): string | undefined {
  if (words.length === 0) return undefined;
  if (words.length === 1) return words[0];
  return words.map(quote).join(" ");
}

/** A word the shell reads back as itself: bare when it has nothing special, else single-quoted. */
function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
