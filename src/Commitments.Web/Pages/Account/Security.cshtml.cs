using Commitments.Core.Identity;
using Commitments.Core.Persistence;
using Commitments.Web.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Commitments.Web.Pages.Account;

/// <summary>
/// The account's security settings: two-step verification on or off (off is not possible for
/// ministry and administrator accounts), new recovery codes, and "sign out on all devices", which
/// renews the security stamp so that every session of the account ends (ADR-0017).
/// </summary>
public class SecurityModel(
    UserManager<AppUser> userManager,
    SignInManager<AppUser> signInManager,
    CommitmentsDbContext db,
    ILogger<SecurityModel> logger) : PageModel
{
    public static string SignedOutEverywhereMessage =>
        Messages.Text("U bent op alle apparaten uitgelogd.");

    public bool TwoFactorEnabled { get; private set; }

    public bool Required { get; private set; }

    public int RecoveryCodesLeft { get; private set; }

    /// <summary>Set only in the answer that made them: shown this once.</summary>
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await userManager.GetUserAsync(User);
        if (user == null)
        {
            return Challenge();
        }
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync(CancellationToken ct)
    {
        var user = await userManager.GetUserAsync(User);
        if (user == null)
        {
            return Challenge();
        }
        if (!await userManager.GetTwoFactorEnabledAsync(user))
        {
            return RedirectToPage();
        }
        var codes = await db.InTransactionAsync(async _ =>
        {
            var codes = (await userManager.GenerateNewTwoFactorRecoveryCodesAsync(user, TwoFactor.RecoveryCodeCount))?.ToList() ?? [];
            db.AuditAccount(SecurityEvents.RecoveryCodesRenewed, user);
            await db.SaveChangesAsync(ct);
            return codes;
        }, ct);
        logger.LogInformation("User {UserId} made new recovery codes.", user.Id);
        await LoadAsync(user);
        RecoveryCodes = codes;
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync(CancellationToken ct)
    {
        var user = await userManager.GetUserAsync(User);
        if (user == null)
        {
            return Challenge();
        }
        if (await TwoFactor.IsRequiredForAsync(userManager, user))
        {
            ModelState.AddModelError(string.Empty,
                Messages.Text("Voor uw account is tweestapsverificatie verplicht; u kunt het niet uitzetten."));
            await LoadAsync(user);
            return Page();
        }
        if (await userManager.GetTwoFactorEnabledAsync(user))
        {
            await db.InTransactionAsync(async _ =>
            {
                Check(await userManager.SetTwoFactorEnabledAsync(user, false));
                // A later set-up starts with a new key; the old recovery codes stop working.
                Check(await userManager.ResetAuthenticatorKeyAsync(user));
                Check(await userManager.ReplaceCodesAsync(user));
                db.AuditAccount(SecurityEvents.TwoFactorDisabled, user);
                await db.SaveChangesAsync(ct);
                return true;
            }, ct);
            logger.LogInformation("User {UserId} turned off two-step verification.", user.Id);
            await signInManager.RefreshSignInAsync(user);
            TempData["Message"] = Messages.Text("Tweestapsverificatie staat uit.");
        }
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostSignOutEverywhereAsync(CancellationToken ct)
    {
        var user = await userManager.GetUserAsync(User);
        if (user == null)
        {
            return Challenge();
        }
        await db.InTransactionAsync(async _ =>
        {
            Check(await userManager.UpdateSecurityStampAsync(user));
            db.AuditAccount(SecurityEvents.SignedOutEverywhere, user);
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
        logger.LogInformation("User {UserId} signed out on all devices.", user.Id);
        await signInManager.SignOutAsync();
        TempData["Message"] = SignedOutEverywhereMessage;
        return RedirectToPage("/Account/Login");
    }

    private async Task LoadAsync(AppUser user)
    {
        TwoFactorEnabled = await userManager.GetTwoFactorEnabledAsync(user);
        Required = await TwoFactor.IsRequiredForAsync(userManager, user);
        RecoveryCodesLeft = TwoFactorEnabled ? await userManager.CountRecoveryCodesAsync(user) : 0;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Code)));
        }
    }
}

internal static class RecoveryCodeStore
{
    /// <summary>Removes every recovery code of the account.</summary>
    public static Task<IdentityResult> ReplaceCodesAsync(this UserManager<AppUser> users, AppUser user) =>
        users.RemoveAuthenticationTokenAsync(user, "[AspNetUserStore]", "RecoveryCodes");
}
