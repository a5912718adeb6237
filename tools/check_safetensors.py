#!/usr/bin/env python3
# Reads a digitlab .safetensors file with numpy alone and prints each tensor's name, shape and sum,
# to show the format needs no digitlab code.  Usage: tools/check_safetensors.py model.safetensors
import json, struct, sys
import numpy as np

blob = open(sys.argv[1], "rb").read()
(header_length,) = struct.unpack("<Q", blob[:8])  # little-endian u64
header = json.loads(blob[8:8 + header_length])    # trailing space padding is valid JSON whitespace
data = blob[8 + header_length:]
print("metadata:", header.pop("__metadata__", {}))
for name, info in header.items():
    assert info["dtype"] == "F32", f"{name}: dtype {info['dtype']}"
    begin, end = info["data_offsets"]
    values = np.frombuffer(data[begin:end], dtype="<f4").reshape(info["shape"])
    print(f"{name}: shape {tuple(values.shape)} sum {values.sum(dtype=np.float64):.6g}")
