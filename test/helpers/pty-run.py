"""Runs a command on a pseudo-terminal (so it has a controlling terminal and /dev/tty),
answers prompts, and prints a JSON report: everything the terminal showed, the prompts
seen, and the exit status. Usage: pty-run.py '<json: {"argv": [...], "answers": {"prompt text": "reply"}, "timeout": s}>'
A reply may be a list: one reply each time the prompt shows again (a re-asked question)."""
import json, os, pty, select, sys, time

spec = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.execvp(spec["argv"][0], spec["argv"])

out = b""
answered = []
deadline = time.time() + spec.get("timeout", 30)
pending = {k: (v if isinstance(v, list) else [v]) for k, v in spec.get("answers", {}).items()}
sent = {k: 0 for k in pending}
while time.time() < deadline:
    r, _, _ = select.select([fd], [], [], 0.1)
    if r:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
        for prompt, replies in list(pending.items()):
            if out.count(prompt.encode()) > sent[prompt]:
                os.write(fd, (replies[sent[prompt]] + "\n").encode())
                sent[prompt] += 1
                answered.append(prompt)
                if sent[prompt] == len(replies):
                    del pending[prompt]
    else:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
else:
    os.kill(pid, 9)
_, status = os.waitpid(pid, 0)
print(json.dumps({"output": out.decode("utf8", "replace"), "answered": answered, "status": os.waitstatus_to_exitcode(status)}))
