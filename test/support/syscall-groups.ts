/** systemd's syscall groups (`@system-service`, …) as printed by `systemd-analyze syscall-filter`. */
export async function syscallGroups(): Promise<Map<string, string[]>> {
  const child = Bun.spawn(["systemd-analyze", "syscall-filter"], {
    stdout: "pipe",
    stderr: "ignore",
  });
  const text = await new Response(child.stdout).text();
  if ((await child.exited) !== 0) throw new Error("systemd-analyze syscall-filter failed");
  const groups = new Map<string, string[]>();
  let members: string[] | undefined;
  for (const line of text.split("\n")) {
    if (line.startsWith("@")) {
      members = [];
      groups.set(line.trim(), members);
    } else if (/^\s+[a-z_0-9@-]+$/.test(line)) {
      members?.push(line.trim());
    } else if (!/^\s+#/.test(line)) {
      members = undefined;
    }
  }
  return groups;
}

/** The system calls named by a list of names and `@groups`, groups expanded recursively. */
export function expandSyscalls(names: string[], groups: Map<string, string[]>): Set<string> {
  const result = new Set<string>();
  const add = (name: string) => {
    if (!name.startsWith("@")) {
      result.add(name);
      return;
    }
    const members = groups.get(name);
    if (members === undefined) throw new Error(`unknown syscall group ${name}`);
    for (const member of members) add(member);
  };
  for (const name of names) add(name);
  return result;
}

/**
 * The system calls a unit's `SystemCallFilter=` lines allow, applied in order as systemd does:
 * the first allow-list sets what is allowed, a `~` deny-list removes from it.
 */
export function allowedSyscalls(filters: string[], groups: Map<string, string[]>): Set<string> {
  let allowed: Set<string> | undefined;
  for (const filter of filters) {
    const deny = filter.startsWith("~");
    const names = expandSyscalls((deny ? filter.slice(1) : filter).trim().split(/\s+/), groups);
    if (deny) {
      if (allowed === undefined)
        throw new Error("a deny-list first allows everything else: not supported here");
      for (const name of names) allowed.delete(name);
    } else {
      allowed = allowed === undefined ? names : new Set([...allowed, ...names]);
    }
  }
  return allowed ?? new Set();
}
