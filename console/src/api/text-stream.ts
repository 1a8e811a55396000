/** Reads a streamed answer as text, chunk by chunk, until it ends; an abort ends it quietly. */
export async function readText(res: Response, onText: (text: string) => void): Promise<void> {
  if (!res.body) return onText(await res.text());
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      onText(value);
    }
  } catch (err) {
    if ((err as Error).name !== "AbortError") throw err;
  } finally {
    reader.releaseLock();
  }
}

/** Splits server-sent events as they arrive: `onEvent(name, data)` for each complete event. */
export function eventStreamParser(onEvent: (name: string, data: string) => void): (text: string) => void {
  let buffer = "";
  return (text) => {
    buffer += text;
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) name = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
      }
      if (data.length > 0) onEvent(name, data.join("\n"));
    }
  };
}
