using System.Net;
using Commitments.Tests.Infrastructure;

namespace Commitments.Tests.Security;

/// <summary>
/// The load run's baselines (the bare endpoint and the trivial page in the site's layout) exist only when
/// the application runs in the Benchmark environment: anywhere else they are no endpoint at all, not even
/// for an administrator.
/// </summary>
public sealed class BenchmarkPagesTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    [Theory]
    [InlineData("/benchmark/baseline")]
    [InlineData("/Benchmark/Baseline")]
    public async Task The_load_runs_baselines_do_not_exist_outside_the_benchmark_environment(string url)
    {
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        var response = await admin.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
