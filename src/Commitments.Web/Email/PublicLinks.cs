namespace Commitments.Web.Email;

/// <summary>
/// Absolute links to pages of the application for e-mails, from configuration (<c>App:PublicBaseUrl</c>),
/// never from the request: a forged Host header must not put someone else's server in a mail.
/// </summary>
public sealed class PublicLinks(IConfiguration configuration)
{
    public const string BaseUrlKey = "App:PublicBaseUrl";

    private readonly Uri _base = new(
        (configuration[BaseUrlKey] is { Length: > 0 } configured ? configured : "http://localhost:5057").TrimEnd('/') + "/");

    /// <summary>The absolute address of an application path such as "/Commitments/Details/12".</summary>
    public string To(string path) => new Uri(_base, path.TrimStart('/')).ToString();
}
