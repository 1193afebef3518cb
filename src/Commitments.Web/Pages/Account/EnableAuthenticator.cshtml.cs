using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Commitments.Core.Identity;
using Commitments.Core.Persistence;
using Commitments.Web.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QRCoder;

namespace Commitments.Web.Pages.Account;

/// <summary>
/// Sets up two-step verification: a QR code (drawn on the server as SVG, no script, no third
/// party) and the same key as text, then one code from the app to prove it works. The recovery
/// codes are shown once, in the answer to that post. Ministry and administrator accounts are sent
/// here after the password step until they have done this (AccountGate).
/// </summary>
[LimitAttempts(AttemptKind.TwoFactor, LimitAttemptsAttribute.SignedInUser)]
public class EnableAuthenticatorModel(
    UserManager<AppUser> userManager,
    SignInManager<AppUser> signInManager,
    CommitmentsDbContext db,
    ILogger<EnableAuthenticatorModel> logger) : PageModel
{
    public static string WrongCodeMessage =>
        Messages.Text("Deze code klopt niet of is al gebruikt. Controleer of de app de sleutel goed heeft overgenomen en vul de volgende code in.");

    [BindProperty]
    [Required(ErrorMessage = "Vul de code uit uw authenticator-app in.")]
    [StringLength(9, ErrorMessage = "De code bestaat uit zes cijfers.")]
    [Display(Name = "Verificatiecode")]
    public string Code { get; set; } = "";

    public string Key { get; private set; } = "";

    /// <summary>The key in groups of four, as typed into an app.</summary>
    public string GroupedKey => TwoFactor.Grouped(Key);

    public string QrCodeDataUri { get; private set; } = "";

    /// <summary>Set only in the answer that enabled two-step verification: shown this once.</summary>
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public bool Required { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await userManager.GetUserAsync(User);
        if (user == null)
        {
            return Challenge();
        }
        if (await userManager.GetTwoFactorEnabledAsync(user))
        {
            return RedirectToPage("/Account/Security");
        }
        await LoadKeyAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await userManager.GetUserAsync(User);
        if (user == null)
        {
            return Challenge();
        }
        if (await userManager.GetTwoFactorEnabledAsync(user))
        {
            return RedirectToPage("/Account/Security");
        }
        if (!ModelState.IsValid)
        {
            await LoadKeyAsync(user);
            return Page();
        }
        var codes = await db.InTransactionAsync(async _ =>
        {
            if (!await userManager.VerifyTwoFactorTokenAsync(user, userManager.Options.Tokens.AuthenticatorTokenProvider, TwoFactor.Clean(Code)))
            {
                db.AuditAccount(SecurityEvents.TwoFactorFailed, user, "bij instellen");
                await db.SaveChangesAsync(ct);
                return null;
            }
            Check(await userManager.SetTwoFactorEnabledAsync(user, true));
            var codes = (await userManager.GenerateNewTwoFactorRecoveryCodesAsync(user, TwoFactor.RecoveryCodeCount))?.ToList()
                        ?? throw new InvalidOperationException("The user store keeps no recovery codes.");
            db.AuditAccount(SecurityEvents.TwoFactorEnabled, user);
            await db.SaveChangesAsync(ct);
            return codes;
        }, ct);
        if (codes == null)
        {
            ModelState.AddModelError(nameof(Code), WrongCodeMessage);
            await LoadKeyAsync(user);
            return Page();
        }
        logger.LogInformation("User {UserId} turned on two-step verification.", user.Id);
        // This browser continues as a session that passed the second step; the security stamp changed,
        // so other sessions of the account end at their next check.
        await signInManager.SignInWithClaimsAsync(user, isPersistent: false, [new Claim(TwoFactor.AmrClaim, TwoFactor.MfaValue)]);
        RecoveryCodes = codes;
        return Page();
    }

    private async Task LoadKeyAsync(AppUser user)
    {
        Required = await TwoFactor.IsRequiredForAsync(userManager, user);
        var key = await userManager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            Check(await userManager.ResetAuthenticatorKeyAsync(user));
            key = await userManager.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("No authenticator key was stored.");
            // A new key renews the security stamp: keep this browser signed in.
            await signInManager.RefreshSignInAsync(user);
        }
        Key = key;
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(TwoFactor.AuthenticatorUri(user.Email ?? user.UserName ?? user.Id, key), QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4);
        // As an image, so the page's content security policy (no inline styles) does not apply to the SVG.
        QrCodeDataUri = "data:image/svg+xml;base64," + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(svg));
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Code)));
        }
    }
}
