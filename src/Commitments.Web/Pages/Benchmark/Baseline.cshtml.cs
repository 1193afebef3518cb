using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Commitments.Web.Pages.Benchmark;

/// <summary>
/// The load run's trivial page: the site's layout (menu, language switch, the lead's review count) around
/// one line, behind the same sign-in, with no work of its own. A page's throughput against this one shows
/// what the page's own queries and markup cost (docs/performance.md). It exists only in the Benchmark
/// environment (<see cref="BenchmarkPagesOnlyInBenchmarkEnvironment"/>).
/// </summary>
public class BaselineModel : PageModel
{
    public void OnGet()
    {
    }
}

/// <summary>
/// Takes the route away from every page under /Benchmark unless the application runs in the Benchmark
/// environment: in Production the pages are not endpoints at all (404, and absent from the endpoint list
/// the access-matrix test walks), rather than endpoints that refuse.
/// </summary>
public sealed class BenchmarkPagesOnlyInBenchmarkEnvironment(bool isBenchmark) : Microsoft.AspNetCore.Mvc.ApplicationModels.IPageRouteModelConvention
{
    public void Apply(Microsoft.AspNetCore.Mvc.ApplicationModels.PageRouteModel model)
    {
        if (!isBenchmark && model.ViewEnginePath.StartsWith("/Benchmark/", StringComparison.Ordinal))
        {
            model.Selectors.Clear();
        }
    }
}
