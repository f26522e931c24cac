#!/usr/bin/env bash
# Makes the Python environment that the neural experiments in scripts/neural/ run in: a venv at
# target/train-venv (ignored by git, with the rest of target/) holding PyTorch and numpy from PyPI.
# PyTorch's Linux wheel brings its CUDA libraries (about 5.7 GB installed); the scripts use the CPU.
# Safe to run again: the install is skipped when the venv already imports both.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=target/train-venv
python=${PYTHON:-python3}

step() { printf 'setup-train: %s\n' "$*" >&2; }

if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import torch, numpy' 2>/dev/null; then
    step "$venv already has torch $("$venv/bin/python" -c 'import torch; print(torch.__version__)')"
    exit 0
fi

mkdir -p target
if [ ! -x "$venv/bin/python" ]; then
    step "making the venv $venv"
    "$python" -m venv "$venv"
fi
step "installing torch and numpy from PyPI (several GB, a few minutes)"
"$venv/bin/python" -m pip install --upgrade pip
"$venv/bin/python" -m pip install torch numpy
"$venv/bin/python" -c 'import torch, numpy; print("torch", torch.__version__, "numpy", numpy.__version__)'
