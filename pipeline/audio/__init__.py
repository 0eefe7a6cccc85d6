"""Audio in and out: decode and check recordings (io, headers), write bleeps (bleep)."""
