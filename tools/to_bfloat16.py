"""Writes core/src/main/resources/io/began/core/model/to-bfloat16.pt: a TorchScript module whose forward is
x.to(torch.bfloat16). DJL's JNI maps no data-type code to bfloat16 (NDArray.toType to BFLOAT16 aborts the JVM inside
libtorch), so core's Bfloat16 runs this module to make bfloat16 tensors; everything after that is ordinary libtorch
ops on them. Run with any PyTorch ≥ 1.13 (Debian's python3-torch): python3 tools/to_bfloat16.py
"""
import pathlib

import torch


class ToBfloat16(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.to(torch.bfloat16)


if __name__ == '__main__':
    target = pathlib.Path(__file__).resolve().parent.parent / 'core/src/main/resources/io/began/core/model/to-bfloat16.pt'
    torch.jit.save(torch.jit.script(ToBfloat16()), str(target))
    print(target)
