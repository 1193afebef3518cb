namespace Commitments.Core.Tenancy;

/// <summary>Thrown when a save would write data outside the current scope. Nothing is saved.</summary>
public sealed class DataScopeViolationException(string message) : InvalidOperationException(message);
