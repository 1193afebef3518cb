using Commitments.Core.Identity;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;

namespace Commitments.Web.Identity;

/// <summary>
/// The language follows the person, not only the browser: at every sign-in (password, a second
/// factor, an accepted invitation: whatever ends in the application cookie) a browser without a
/// language choice of its own gets the one stored on the account, so someone who chose English once
/// reads English on a new laptop too. A browser that already made a choice (the switch on the login
/// page) keeps it, and that choice is stored on the account, as the switch does for a signed-in user.
/// </summary>
public static class SignInLanguage
{
    public static CookieOptions CookieOptions(HttpRequest request) => new()
    {
        // Max-Age rather than Expires: a year from whenever the browser receives it.
        MaxAge = TimeSpan.FromDays(365),
        IsEssential = true, // a preference the user asked for, not tracking
        SameSite = SameSiteMode.Lax,
        HttpOnly = true,
        Secure = request.IsHttps,
        Path = "/",
    };

    public static void SetCookie(HttpResponse response, string culture) =>
        response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            CookieOptions(response.HttpContext.Request));

    /// <summary>The culture this browser chose with the switch, when it did.</summary>
    public static string? BrowserChoice(HttpRequest request) =>
        request.Cookies[CookieRequestCultureProvider.DefaultCookieName] is { } value
        && CookieRequestCultureProvider.ParseCookieValue(value) is { } parsed
        && parsed.UICultures.Count > 0
        && UiCulture.IsSupported(parsed.UICultures[0].Value)
            ? parsed.UICultures[0].Value
            : null;

    internal static async Task OnSignedInAsync(CookieSignedInContext context)
    {
        var users = context.HttpContext.RequestServices.GetRequiredService<UserManager<AppUser>>();
        if (context.Principal is not { } principal || await users.GetUserAsync(principal) is not { } user)
        {
            return;
        }
        if (BrowserChoice(context.Request) is { } chosen)
        {
            if (chosen != user.Culture)
            {
                user.Culture = chosen;
                await users.UpdateAsync(user);
            }
        }
        else if (UiCulture.IsSupported(user.Culture))
        {
            SetCookie(context.Response, user.Culture);
        }
    }
}
