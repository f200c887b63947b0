import { expect, test } from "bun:test";
import { unixSocketAddress } from "../../src/systemd/socket-address.ts";

const text = (bytes: Uint8Array, from: number, to: number) =>
  new TextDecoder().decode(bytes.subarray(from, to));

test("a filesystem path: family AF_UNIX, the path, its NUL counted in the length", () => {
  const { bytes, length } = unixSocketAddress("/run/systemd/notify");
  expect(bytes.length).toBe(110);
  expect(new DataView(bytes.buffer).getUint16(0, true)).toBe(1);
  expect(text(bytes, 2, 21)).toBe("/run/systemd/notify");
  expect(bytes[21]).toBe(0);
  expect(length).toBe(2 + 19 + 1);
});

test("an abstract name: a leading NUL, no terminator, the length covers only the name", () => {
  const { bytes, length } = unixSocketAddress("@ml-serving/notify");
  expect(bytes[2]).toBe(0);
  expect(text(bytes, 3, 3 + 17)).toBe("ml-serving/notify");
  expect(length).toBe(2 + 1 + 17);
});

test("the longest path that fits, and one byte more", () => {
  expect(unixSocketAddress(`/${"a".repeat(106)}`).length).toBe(110);
  expect(() => unixSocketAddress(`/${"a".repeat(107)}`)).toThrow(RangeError);
  expect(unixSocketAddress(`@${"a".repeat(107)}`).length).toBe(110);
  expect(() => unixSocketAddress(`@${"a".repeat(108)}`)).toThrow(RangeError);
});

test.each(["relative/path", "", "@", "vsock:2:1234"])("refuses %p", (address) => {
  expect(() => unixSocketAddress(address)).toThrow(RangeError);
});
