/** `eci`: the command line (SPEC §9). */
export async function main(argv: string[]): Promise<void> {
  console.error(`eci: not built yet (${argv.join(" ")})`);
  process.exitCode = 1;
}
