import { expect } from "chai";
import { CAP_SYS_RESOURCE, diskImageBytes, diskPaths, growMode, hasCapability, isMountPoint, loopDevicesOf, restoreSteps, volumeOptions } from "./disk-image";

describe("disk images", () => {
  it("sizes a disk's file system in GiB", () => {
    expect(diskImageBytes(20)).to.equal(21_474_836_480);
  });

  it("binds the volume to a directory inside the mounted file system", () => {
    const paths = diskPaths("/var/lib/eci/disks", "vol-abc12345");
    expect(paths).to.deep.equal({ image: "/var/lib/eci/disks/vol-abc12345.img", mountPoint: "/var/lib/eci/disks/vol-abc12345", data: "/var/lib/eci/disks/vol-abc12345/data" });
    expect(volumeOptions(paths)).to.deep.equal({ type: "none", o: "bind", device: "/var/lib/eci/disks/vol-abc12345/data" });
  });

  it("reads the loop devices of an image from losetup -j", () => {
    expect(loopDevicesOf("/dev/loop3: [65024]:2638812 (/d/vol-a.img)\n/dev/loop12: [65024]:2638812 (/d/vol-a.img)\n")).to.deep.equal(["/dev/loop3", "/dev/loop12"]);
    expect(loopDevicesOf("")).to.deep.equal([]);
  });

  it("tells a mount point from mountinfo, with escaped spaces", () => {
    const mountinfo = "36 35 98:0 / / rw - ext4 /dev/vda rw\n90 36 7:3 / /data/my\\040disks/vol-a rw - ext4 /dev/loop3 rw\n";
    expect(isMountPoint(mountinfo, "/data/my disks/vol-a")).to.equal(true);
    expect(isMountPoint(mountinfo, "/data/my disks/vol-b")).to.equal(false);
  });

  it("reads CAP_SYS_RESOURCE from the effective capabilities", () => {
    expect(hasCapability("CapPrm:\t000001ffffffffff\nCapEff:\t000001fffeffffff\n", CAP_SYS_RESOURCE)).to.equal(false);
    expect(hasCapability("CapEff:\t000001ffffffffff\n", CAP_SYS_RESOURCE)).to.equal(true);
  });

  it("grows online when a mounted file system may grow; otherwise offline, only for a disk no group holds", () => {
    expect(growMode({ canResizeMounted: true, inUse: true })).to.equal("online");
    expect(growMode({ canResizeMounted: false, inUse: false })).to.equal("offline");
    expect(growMode({ canResizeMounted: false, inUse: true })).to.equal("busy");
  });

  it("after a restart, mounts through the loop device still attached, never a second one", () => {
    expect(restoreSteps({ loopDevices: ["/dev/loop4"], mounted: false })).to.deep.equal({ attach: false, device: "/dev/loop4", mount: true });
    expect(restoreSteps({ loopDevices: [], mounted: false })).to.deep.equal({ attach: true, device: undefined, mount: true });
    expect(restoreSteps({ loopDevices: ["/dev/loop4"], mounted: true })).to.deep.equal({ attach: false, device: "/dev/loop4", mount: false });
  });
});
