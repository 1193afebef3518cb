using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Commitments.Web.Pages;

[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public class ErrorModel : PageModel
{
    public int? Code { get; private set; }

    /// <summary>For 429: whole minutes until the form may be sent again, from the limiter's Retry-After.</summary>
    public int? WaitMinutes =>
        int.TryParse(Response.Headers.RetryAfter, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? (seconds + 59) / 60
            : null;

    public void OnGet(int? code) => Code = code;

    public void OnPost(int? code) => Code = code;
}
