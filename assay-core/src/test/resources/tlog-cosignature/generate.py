"""Writes cosignature-v1.txt: C2SP tlog-cosignature v1 (Ed25519, type 0x04) known answers computed
with Python's `cryptography` package (OpenSSL's Ed25519), independent of Assay's Bouncy Castle code.
Run: python3 generate.py > cosignature-v1.txt"""
import base64, hashlib, struct
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization

def vector(name, seed, body, t):
    sk = Ed25519PrivateKey.from_private_bytes(seed)
    pub = sk.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    h = hashlib.sha256(name.encode() + b"\n" + b"\x04" + pub).digest()[:4]
    msg = b"cosignature/v1\ntime %d\n" % t + body.encode()
    sig = sk.sign(msg)
    line = "\u2014 " + name + " " + base64.b64encode(h + struct.pack(">Q", t) + sig).decode()
    print("name " + name)
    print("seed " + seed.hex())
    print("vkey " + name + "+" + h.hex() + "+" + base64.b64encode(b"\x04" + pub).decode())
    print("skey PRIVATE+KEY+" + name + "+" + h.hex() + "+" + base64.b64encode(b"\x04" + seed).decode())
    print("time %d" % t)
    print("body " + base64.b64encode(body.encode()).decode())
    print("line " + line)
    print()

# the checkpoint body and time of the example in c2sp.org/tlog-cosignature
vector("witness.example.com/w1", bytes(range(32)),
       "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", 1679315147)
# a checkpoint with an extension line, which the signed message includes
vector("example.com/witness", hashlib.sha256(b"assay witness vector 2").digest(),
       "assay.ledger/test\n7\nRcCI1Nk56ZcSmIEfIn0SleqtV7uvrlXNccFx595Iwl0=\nextension line\n", 1767225600)
