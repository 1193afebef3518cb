using Commitments.Core.Identity;
using Commitments.Web.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Commitments.Web.Pages.Account;

/// <summary>
/// Signs out this browser and ends the session on the server too: its id is recorded as ended, so
/// a copy of the cookie (a shared computer, a stolen cookie) stops working at the next session check.
/// The account's other sessions continue; "Afmelden op alle apparaten" (Security page) ends them all.
/// </summary>
public class LogoutModel(
    SignInManager<AppUser> signInManager,
    UserManager<AppUser> userManager,
    IOptions<SignInSessionOptions> sessions,
    TimeProvider time) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        if (await userManager.GetUserAsync(User) is { } user)
        {
            await Sessions.EndAsync(userManager, user, User, sessions.Value.AbsoluteTimeout, time.GetUtcNow());
        }
        await signInManager.SignOutAsync();
        return RedirectToPage("/Account/Login");
    }
}
