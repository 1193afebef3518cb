using System.ComponentModel.DataAnnotations;
using Commitments.Core.Identity;
using Commitments.Core.Persistence;
using Commitments.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Commitments.Web.Pages.Account;

/// <summary>
/// The second sign-in step: the six-digit code from the authenticator app. Reached only with
/// Identity's short-lived two-factor cookie, which the right password gave. Wrong codes count towards
/// the account's lockout, and the posts are rate-limited like the password step.
/// </summary>
[AllowAnonymous]
[LimitAttempts(AttemptKind.TwoFactor, LimitAttemptsAttribute.TwoFactorUser)]
public class LoginWith2faModel(SignInManager<AppUser> signInManager, CommitmentsDbContext db, ILogger<LoginWith2faModel> logger) : PageModel
{
    public static string FailedMessage =>
        Messages.Text("Deze code klopt niet of is al gebruikt. Wacht op de volgende code in de app en probeer het opnieuw.");

    public static string ExpiredMessage =>
        Messages.Text("Log opnieuw in: de tweede stap moet binnen vijf minuten na het wachtwoord volgen.");

    [BindProperty]
    [Required(ErrorMessage = "Vul de code uit uw authenticator-app in.")]
    [StringLength(9, ErrorMessage = "De code bestaat uit zes cijfers.")]
    [Display(Name = "Verificatiecode")]
    public string Code { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await signInManager.GetTwoFactorAuthenticationUserAsync() == null)
        {
            return RedirectToPage("/Account/Login");
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await signInManager.GetTwoFactorAuthenticationUserAsync();
        if (user == null)
        {
            TempData["Message"] = ExpiredMessage;
            return RedirectToPage("/Account/Login");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var result = await db.InTransactionAsync(async _ =>
        {
            var result = await signInManager.TwoFactorAuthenticatorSignInAsync(TwoFactor.Clean(Code), isPersistent: false, rememberClient: false);
            RecordOutcome(db, logger, user, result, "authenticator-app");
            await db.SaveChangesAsync(ct);
            return result;
        }, ct);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }
        ModelState.AddModelError(nameof(Code), result.IsLockedOut ? LoginModel.FailedMessage : FailedMessage);
        return Page();
    }

    /// <summary>The audit lines of a second step, shared with the recovery-code page.</summary>
    internal static void RecordOutcome(CommitmentsDbContext db, ILogger logger, AppUser user, Microsoft.AspNetCore.Identity.SignInResult result, string method)
    {
        if (result.Succeeded)
        {
            db.AuditAccount(SecurityEvents.SignedIn, user, "met tweede stap");
            logger.LogInformation("User {UserId} signed in with a second factor ({Method}).", user.Id, method);
        }
        else if (result.IsLockedOut)
        {
            db.AuditAccount(SecurityEvents.TwoFactorFailed, user, method);
            db.AuditAccount(SecurityEvents.LockedOut, user, $"tot {user.LockoutEnd:yyyy-MM-dd HH:mm} UTC");
            logger.LogWarning("User {UserId} is locked out after repeated wrong codes.", user.Id);
        }
        else
        {
            db.AuditAccount(SecurityEvents.TwoFactorFailed, user, method);
            logger.LogInformation("Wrong second-factor code for user {UserId} ({Method}).", user.Id, method);
        }
    }
}
