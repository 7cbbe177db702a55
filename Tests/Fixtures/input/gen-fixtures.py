#!/usr/bin/env python3
"""Writes the umockdev fixtures of the input tests: one .umockdev (sysfs/udev) and one .ioctl
(libevdev's EVIOCG* answers) per fake device. The .events files (evemu format) are written by hand.

Pitfall: umockdev needs the EXACT sizes libevdev asks for: NAME/PHYS 255, KEY 96, other bit sets 8,
FF 16. `UMOCKDEV_DEBUG=ioctl,ioctl-tree` shows lines it could not use.
Run from this folder: ./gen-fixtures.py
"""

KEY = {"KEY_1": 2, "KEY_2": 3, "KEY_3": 4, "KEY_4": 5, "KEY_5": 6, "KEY_6": 7,
       **{f"KEY_F{i}": 58 + i for i in range(1, 9)}}

def bits(codes, size):
    b = bytearray(size)
    for c in codes:
        b[c // 8] |= 1 << (c % 8)
    return b.hex().upper()

def padded(text, size):
    raw = text.encode() + b"\0"
    return (raw + bytes(size - len(raw))).hex().upper()

def device(stem, node, name, vendor, product, keys, held=()):
    number = int(node.removeprefix("event"))
    phys = f"usb-fake-{stem}/input0"
    codes = [KEY[k] for k in keys]
    keybits = bits(codes, 96).rstrip("0") or "0"
    with open(f"{stem}.umockdev", "w") as f:
        f.write(f"""P: /devices/virtual/input/input{number}/{node}
N: input/{node}
E: DEVNAME=/dev/input/{node}
E: ID_INPUT=1
E: ID_INPUT_KEY=1
E: MAJOR=13
E: MINOR={64 + number}
E: SUBSYSTEM=input
A: dev=13:{64 + number}
L: device=../../input{number}

P: /devices/virtual/input/input{number}
E: EV=3
E: ID_INPUT=1
E: ID_INPUT_KEY=1
E: NAME="{name}"
E: PRODUCT=3/{vendor:x}/{product:x}/1
E: PROP=0
E: SUBSYSTEM=input
A: name={name}
A: phys={phys}
A: properties=0
A: capabilities/ev=3
""")
    vid = vendor.to_bytes(2, "little").hex().upper()
    pid = product.to_bytes(2, "little").hex().upper()
    lines = [
        f"@DEV /dev/input/{node}",
        f"EVIOCGBIT(0) 8 {bits([0, 1], 8)}",
        f"EVIOCGNAME(0) {len(name.encode()) + 1} {padded(name, 255)}",
        f"EVIOCGPHYS(0) {len(phys) + 1} {padded(phys, 255)}",
        f"EVIOCGID 0 0300{vid}{pid}0100",
        "EVIOCGVERSION 0 01000100",
        f"EVIOCGPROP(0) 8 {bits([], 8)}",
        *[f"EVIOCGBIT({t}) 8 {bits([], 8)}" for t in (2, 3, 17, 5, 4, 18)],
        f"EVIOCGBIT(21) 16 {bits([], 16)}",
        f"EVIOCGBIT(1) 96 {bits(codes, 96)}",
        f"EVIOCGKEY(0) 96 {bits([KEY[k] for k in held], 96)}",
        f"EVIOCGLED(0) 8 {bits([], 8)}",
        f"EVIOCGSW(0) 8 {bits([], 8)}",
    ]
    with open(f"{stem}.ioctl", "w") as f:
        f.write("\n".join(lines) + "\n")

FIVE = ["KEY_1", "KEY_2", "KEY_3", "KEY_4", "KEY_5", "KEY_6"]  # KEY_6 exists but no profile maps it
device("evaluator-rating", "event10", "Service Evaluator 5-Key", 0x28E9, 0x0189, FIVE)
device("caller-call", "event11", "USB Caller Keypad F1-F8", 0x1C4F, 0x0002, [f"KEY_F{i}" for i in range(1, 9)])
device("evaluator-held", "event12", "Held Key Evaluator", 0x28E9, 0x0189, FIVE, held=["KEY_3"])
device("evaluator-autorepeat", "event13", "Repeating Evaluator", 0x28E9, 0x0189, FIVE)
device("evaluator-unknown", "event14", "Noisy Evaluator", 0x28E9, 0x0189, FIVE)
device("evaluator-replug-first", "event15", "Replug Evaluator", 0x28E9, 0x0189, FIVE)
device("evaluator-replug-second", "event16", "Replug Evaluator", 0x28E9, 0x0189, FIVE)
