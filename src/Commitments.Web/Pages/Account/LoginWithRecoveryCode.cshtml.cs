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
/// The second step with one of the recovery codes shown when two-step verification was set up:
/// each code works once (Identity removes it when it is redeemed).
/// </summary>
[AllowAnonymous]
[LimitAttempts(AttemptKind.TwoFactor, LimitAttemptsAttribute.TwoFactorUser)]
public class LoginWithRecoveryCodeModel(
    SignInManager<AppUser> signInManager,
    UserManager<AppUser> userManager,
    CommitmentsDbContext db,
    ILogger<LoginWithRecoveryCodeModel> logger) : PageModel
{
    public static string FailedMessage =>
        Messages.Text("Deze herstelcode klopt niet of is al gebruikt.");

    [BindProperty]
    [Required(ErrorMessage = "Vul een herstelcode in.")]
    [StringLength(40, ErrorMessage = "Een herstelcode is hoogstens 40 tekens lang.")]
    [Display(Name = "Herstelcode")]
    public string RecoveryCode { get; set; } = "";

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
            TempData["Message"] = LoginWith2faModel.ExpiredMessage;
            return RedirectToPage("/Account/Login");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var (result, left) = await db.InTransactionAsync(async _ =>
        {
            var result = await userManager.IsLockedOutAsync(user)
                ? Microsoft.AspNetCore.Identity.SignInResult.LockedOut
                : await signInManager.TwoFactorRecoveryCodeSignInAsync(RecoveryCode.Replace(" ", "", StringComparison.Ordinal).Trim());
            var left = 0;
            if (result.Succeeded)
            {
                left = await userManager.CountRecoveryCodesAsync(user);
                db.AuditAccount(SecurityEvents.RecoveryCodeUsed, user, $"nog {left} over");
            }
            else if (!result.IsLockedOut)
            {
                await userManager.AccessFailedAsync(user); // a wrong recovery code counts like a wrong password
            }
            LoginWith2faModel.RecordOutcome(db, logger, user, result, "herstelcode");
            await db.SaveChangesAsync(ct);
            return (result, left);
        }, ct);
        if (result.Succeeded)
        {
            TempData["Message"] = left <= 3
                ? Messages.Text("U hebt nog {0} herstelcodes. Maak nieuwe aan onder ‘Beveiliging’.", left)
                : null;
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }
        ModelState.AddModelError(nameof(RecoveryCode), result.IsLockedOut ? LoginModel.FailedMessage : FailedMessage);
        return Page();
    }
}
