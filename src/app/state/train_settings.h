// The training settings' ranges, shared by the Train panel's widgets, the commands that apply them
// and the links that carry them (no dependencies: tested natively).
#pragma once

inline constexpr int kBatchSizes[] = {16, 32, 64, 128, 256, 512};
inline constexpr int kMaxEpochs = 20;
// The slider's range; a typed value (Ctrl+click) may go beyond it, up to rates that make training
// diverge, so a student can see what that looks like.
inline constexpr float kMinLearningRate = 1e-5f, kMaxLearningRate = 10.0f, kMaxTypedLearningRate = 1e38f;
