using Commitments.Core.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Commitments.Web.Pages;

/// <summary>
/// The language switch in the header of every page, the login page included. It remembers the choice
/// in the standard culture cookie for a year and, for a signed-in user, on the account as well, so
/// that e-mails can be written in the same language.
/// </summary>
[AllowAnonymous]
public class CultureModel(UserManager<AppUser> userManager) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public async Task<IActionResult> OnPostAsync(string? culture, string? returnUrl)
    {
        if (!UiCulture.IsSupported(culture))
        {
            return BadRequest();
        }
        Identity.SignInLanguage.SetCookie(Response, culture!);

        if (User.Identity?.IsAuthenticated == true
            && await userManager.GetUserAsync(User) is { } user
            && user.Culture != culture)
        {
            user.Culture = culture!;
            await userManager.UpdateAsync(user);
        }

        // Only back to a page of this site: a return URL is never a way to send someone elsewhere.
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
