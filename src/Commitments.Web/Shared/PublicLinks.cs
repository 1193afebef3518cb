namespace Commitments.Web;

/// <summary>
/// Absolute links for e-mails, built on the configured public address of the site (App:PublicBaseUrl),
/// never on the request: a request's Host header is chosen by whoever sends it, and a reset link
/// built from a forged Host would carry its token to the forger's server.
/// </summary>
public sealed class PublicLinks(Uri baseUrl, LinkGenerator? links = null)
{
    public const string Setting = "App:PublicBaseUrl";

    public Uri BaseUrl { get; } = baseUrl;

    /// <summary>An absolute link to a Razor page, e.g. ("/Account/ResetPassword", new { userId, code }).</summary>
    public string Page(string page, object? values = null)
    {
        // Without an HttpContext the generator gives the path from the application's root; the base
        // address carries any path prefix the site is published under.
        var path = (links ?? throw new InvalidOperationException("Page links need the application's LinkGenerator."))
                       .GetPathByPage(page, handler: null, values)
                   ?? throw new InvalidOperationException($"No route to page {page}.");
        return BaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + path;
    }

    /// <summary>An absolute link to an application path such as "/Commitments/Details/12".</summary>
    public string To(string path) => BaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/" + path.TrimStart('/');

    /// <summary>
    /// Reads and checks App:PublicBaseUrl. Every environment needs it (Development has
    /// http://localhost:5057 in appsettings.Development.json); without it the host refuses to start.
    /// </summary>
    public static Uri ReadBaseUrl(IConfiguration configuration, IHostEnvironment environment)
    {
        var value = configuration[Setting];
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"{Setting} is not set. The application needs the public address of the site (for example " +
                $"https://toezeggingen.techniekpact.nl) for the links in its e-mails, and will not take it from " +
                $"requests. Set it in the configuration or as the environment variable App__PublicBaseUrl " +
                $"(environment: {environment.EnvironmentName}).");
        }
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new InvalidOperationException(
                $"{Setting} '{value}' is not a usable address: give the site's address with https:// (or http://), " +
                "without query or fragment, for example https://toezeggingen.techniekpact.nl.");
        }
        if (environment.IsProduction() && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException(
                $"{Setting} '{value}' uses http. In Production, links with reset and invitation tokens must use https.");
        }
        return uri;
    }
}
