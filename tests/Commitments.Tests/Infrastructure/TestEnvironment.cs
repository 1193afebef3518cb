using System.Diagnostics.CodeAnalysis;

namespace Commitments.Tests.Infrastructure;

/// <summary>
/// The one place that decides whether the tests run in CI, and what a missing service means there.
/// </summary>
public static class TestEnvironment
{
    /// <summary>
    /// Trait (Category) of a test that is slow and proves nothing more on a second database provider:
    /// CI runs it in the SQLite pass only (<c>--filter "Category!=OncePerRun"</c> in the PostgreSQL pass).
    /// </summary>
    public const string OncePerRun = "OncePerRun";

    /// <summary>
    /// CI=true or CI=1 (what CI services set, in either spelling). Under CI a test that needs a
    /// service fails when the service is missing: a CI run must not pass by running nothing.
    /// </summary>
    public static bool InCi =>
        Environment.GetEnvironmentVariable("CI")?.Trim() is { } value &&
        (value == "1" || string.Equals(value, "true", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A service the test needs is not there: outside CI the test is skipped with the message (which
    /// says how to provide the service); under CI it fails with it. Always throws.
    /// </summary>
    [DoesNotReturn]
    public static void ServiceMissing(string message, Exception? cause = null)
    {
        if (InCi)
        {
            throw new InvalidOperationException("CI: " + message, cause);
        }
        throw new SkipException(message);
    }
}
