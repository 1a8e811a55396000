/**
 * The sandbox's program: a static ELF executable of a few dozen bytes that waits for signals forever.
 * Made here rather than pulled, so groups start on a machine with no network and no base image, and
 * the sandbox needs no shell. Under `Init: true` it runs as tini's child, so SIGTERM ends it at once.
 */
export function pauseExecutable(arch: string): Buffer {
  const machine = MACHINES[arch];
  if (!machine) throw new Error(`No built-in sandbox program for ${arch}; set ECI_SANDBOX_IMAGE to an image whose default command sleeps forever`);
  return staticExecutable(machine.id, machine.code);
}

/** A static ELF64 executable of one loadable segment holding `code`, which starts at its first byte. */
export function staticExecutable(machineId: number, code: Buffer): Buffer {
  const headerSize = 64 + 56;
  const size = headerSize + code.length;
  const base = 0x400000n;
  const elf = Buffer.alloc(size);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]).copy(elf, 0); // ELF64, little-endian, version 1, SysV
  elf.writeUInt16LE(2, 16); // ET_EXEC
  elf.writeUInt16LE(machineId, 18);
  elf.writeUInt32LE(1, 20);
  elf.writeBigUInt64LE(base + BigInt(headerSize), 24); // entry
  elf.writeBigUInt64LE(64n, 32); // program headers right after this header
  elf.writeUInt16LE(64, 52);
  elf.writeUInt16LE(56, 54);
  elf.writeUInt16LE(1, 56);
  elf.writeUInt32LE(1, 64); // PT_LOAD
  elf.writeUInt32LE(5, 68); // R+X
  elf.writeBigUInt64LE(0n, 72);
  elf.writeBigUInt64LE(base, 80);
  elf.writeBigUInt64LE(base, 88);
  elf.writeBigUInt64LE(BigInt(size), 96);
  elf.writeBigUInt64LE(BigInt(size), 104);
  elf.writeBigUInt64LE(0x1000n, 112);
  code.copy(elf, headerSize);
  return elf;
}

const MACHINES: Record<string, { id: number; code: Buffer } | undefined> = {
  // loop: mov eax, 34 (pause); syscall; jmp loop
  x64: { id: 0x3e, code: Buffer.from([0xb8, 0x22, 0x00, 0x00, 0x00, 0x0f, 0x05, 0xeb, 0xf7]) },
  // loop: x0..x3 = 0; x8 = 73 (ppoll: no fds, no timeout); svc 0; b loop. Not exercised by CI (x86_64 only).
  arm64: {
    id: 0xb7,
    code: Buffer.from(new Uint32Array([0xd2800000, 0xd2800001, 0xd2800002, 0xd2800003, 0xd2800928, 0xd4000001, 0x17fffffa]).buffer),
  },
};
