using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Commitments.Tests.Security;

/// <summary>
/// Every route the running application answers, as read from its endpoint data source: each Razor
/// page with each of its handlers (the page's GET, which every page answers, and every OnGetX/OnPostX),
/// and every other endpoint (health check, job dashboard). A route is written
/// "METHOD /template Handler", with route constraints left out: "POST /Commitments/Details/{id} Submit".
/// </summary>
public static partial class RouteInventory
{
    public static async Task<IReadOnlyList<string>> ReadAsync(IServiceProvider services)
    {
        var endpoints = services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var loader = services.GetRequiredService<PageLoader>();
        var routes = new SortedSet<string>(StringComparer.Ordinal);

        // An Index page has two routes ("Commitments/Index" and "Commitments"): the page is listed once, by its shorter one.
        foreach (var page in endpoints
                     .Select(e => (Endpoint: e, Page: e.Metadata.GetMetadata<PageActionDescriptor>()))
                     .Where(p => p.Page != null)
                     .GroupBy(p => p.Page!.ViewEnginePath))
        {
            var (endpoint, descriptor) = page.OrderBy(p => p.Endpoint.RoutePattern.RawText?.Length ?? 0).First();
            var template = Template(endpoint.RoutePattern.RawText);
            var compiled = await loader.LoadAsync(descriptor!, endpoint.Metadata);
            routes.Add($"GET {template}");
            foreach (var handler in compiled.HandlerMethods)
            {
                routes.Add($"{handler.HttpMethod.ToUpperInvariant()} {template}{(handler.Name is { } name ? " " + name : "")}");
            }
        }
        foreach (var endpoint in endpoints.Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() == null))
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } m ? m : ["ANY"];
            foreach (var method in methods)
            {
                routes.Add($"{method} {Template(endpoint.RoutePattern.RawText)}");
            }
        }
        return routes.ToList();
    }

    /// <summary>"Commitments/Details/{id:int}" → "/Commitments/Details/{id}"; "{id:int?}" → "{id?}".</summary>
    public static string Template(string? raw) => "/" + Constraint().Replace((raw ?? "").TrimStart('/'), "{$1$2$3}");

    [GeneratedRegex(@"\{(\**)(\w+)(?::[^}?]+)?(\??)\}")]
    private static partial Regex Constraint();
}
