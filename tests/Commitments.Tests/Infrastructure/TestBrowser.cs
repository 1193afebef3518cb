using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Commitments.Tests.Infrastructure;

/// <summary>
/// Drives the application as a browser would: it reads pages, takes the anti-forgery token from
/// the form it is about to post, and keeps the sign-in cookie.
/// </summary>
public sealed class TestBrowser(HttpClient client) : IDisposable
{
    private static readonly HtmlParser Parser = new();

    public HttpClient Client { get; } = client;

    public Task<HttpResponseMessage> GetAsync(string url) => Client.GetAsync(url);

    public async Task<(HttpResponseMessage Response, IHtmlDocument Document)> GetPageAsync(string url)
    {
        var response = await Client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        return (response, Parser.ParseDocument(html));
    }

    /// <summary>
    /// Posts a form the way the page at <paramref name="pageUrl"/> would: its anti-forgery token plus
    /// the given fields. With <paramref name="tokenFrom"/> the token comes from another page the user
    /// may open, as an attacker would do to forge a post to a page it cannot open.
    /// </summary>
    public async Task<HttpResponseMessage> PostFormAsync(string pageUrl, IEnumerable<KeyValuePair<string, string>> fields, string? tokenFrom = null)
    {
        var (_, document) = await GetPageAsync(tokenFrom ?? pageUrl);
        var token = document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
                    ?? throw new InvalidOperationException($"No anti-forgery token on {tokenFrom ?? pageUrl}.");
        var all = fields.Append(new("__RequestVerificationToken", token)).ToList();
        return await Client.PostAsync(pageUrl, new FormUrlEncodedContent(all));
    }

    public Task<HttpResponseMessage> PostFormAsync(string pageUrl, params (string Name, string Value)[] fields) =>
        PostFormAsync(pageUrl, fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    public Task<HttpResponseMessage> SignInAsync(string email, string password) =>
        PostFormAsync("/Account/Login", ("Form.Email", email), ("Form.Password", password));

    public static IHtmlDocument Parse(string html) => Parser.ParseDocument(html);

    public static bool IsRedirectToLogin(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect
        && response.Headers.Location!.OriginalString.Contains("/Account/Login", StringComparison.Ordinal);

    /// <summary>Refused for a signed-in user: the cookie handler sends them to the access-denied page.</summary>
    public static bool IsAccessDenied(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect
        && response.Headers.Location!.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal);

    public void Dispose() => Client.Dispose();
}
