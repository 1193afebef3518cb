namespace Commitments.Tools.ScaleData;

/// <summary>The target database already holds data; scale data is only ever written into an empty one.</summary>
public sealed class ScaleDataRefusedException(string message) : InvalidOperationException(message);
