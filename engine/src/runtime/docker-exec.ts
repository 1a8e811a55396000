import type { Duplex } from "node:stream";
import { PassThrough } from "node:stream";
import type Docker from "dockerode";
import type { ExecOptions, ExecProcess } from "./container-runtime";

/**
 * A process started in a running container with `docker exec`, stdin attached. With a TTY its output
 * is one stream; without, Docker multiplexes stdout and stderr and they are split apart here.
 */
export async function dockerExec(docker: Docker, containerId: string, options: ExecOptions): Promise<ExecProcess> {
  const exec = await docker.getContainer(containerId).exec({
    Cmd: options.command,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: options.tty,
    Env: options.tty ? ["TERM=xterm"] : undefined,
  });
  const stream = (await exec.start({ hijack: true, stdin: true, Tty: options.tty })) as unknown as Duplex;
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  if (options.tty) {
    stream.pipe(stdout);
    stderr.end();
  } else {
    docker.modem.demuxStream(stream, stdout, stderr);
    stream.on("end", () => {
      stdout.end();
      stderr.end();
    });
  }
  const ended = new Promise<void>((resolve) => {
    stream.on("close", () => resolve());
    stream.on("end", () => resolve());
    stream.on("error", () => resolve());
  });
  return {
    stdout,
    stderr,
    write: (data) => void stream.write(data),
    // Without a TTY, a half-close: Docker closes the process's stdin. A TTY has no such thing (Docker
    // would stop relaying the output and leave the shell running): the terminal's end-of-input, ^D, is
    // what a shell at its prompt exits on.
    endInput: () => void (options.tty ? stream.write("\x04") : stream.end()),
    resize: (cols, rows) => resizeWhenStarted(() => exec.resize({ w: cols, h: rows })),
    exitCode: async () => {
      await ended;
      // Docker reports the process as running for a moment after the output ends.
      for (let i = 0; i < 100; i++) {
        const info = await exec.inspect();
        if (!info.Running) return info.ExitCode ?? -1;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error("the process's output ended but Docker still reports it running");
    },
    detach: () => stream.destroy(),
  };
}

/**
 * Docker refuses a resize until the process has started, which is a moment after the exec's streams
 * are attached (and a client sends its size first thing): try again for up to a second.
 */
async function resizeWhenStarted(resize: () => Promise<unknown>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await resize();
      return;
    } catch (err) {
      if (attempt >= 50) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
