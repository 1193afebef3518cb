using System.ComponentModel.DataAnnotations;
using System.Text;
using Commitments.Core.Identity;
using Commitments.Core.Persistence;
using Commitments.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace Commitments.Web.Pages.Account;

[AllowAnonymous]
[LimitAttempts(AttemptKind.ResetPassword, nameof(UserId))]
public class ResetPasswordModel(UserManager<AppUser> userManager, CommitmentsDbContext db) : PageModel
{
    /// <summary>
    /// The account's Identity id, never its address: the link's URL reaches proxy logs and browser
    /// history (ADR-0018). Links mailed in the old form (<c>?email=…&amp;code=…</c>) have no id and are
    /// refused as an expired link; the person asks a new one.
    /// </summary>
    /// <remarks>
    /// Nullable, as is <see cref="Code"/>: a non-nullable string is implicitly required, and a link
    /// without it would get the framework's English "field is required" instead of the refusal.
    /// </remarks>
    [BindProperty(SupportsGet = true)]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Kies een nieuw wachtwoord.")]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [BindProperty]
    [Compare(nameof(Password), ErrorMessage = "De wachtwoorden zijn niet gelijk.")]
    [DataType(DataType.Password)]
    public string ConfirmPassword { get; set; } = "";

    /// <summary>
    /// Ids are GUID strings. Anything else is not looked up at all: PostgreSQL refuses a NUL character
    /// in a text parameter with an error, which would otherwise surface as a 500.
    /// </summary>
    private static bool LooksLikeAnId(string id) =>
        id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(Code ?? ""));
        }
        catch (FormatException)
        {
            token = "";
        }
        // Identity checks the token before anything else, so an unknown id and a wrong link for a
        // real account are refused alike, without a password hash.
        var id = (UserId ?? "").Trim();
        var result = await db.InTransactionAsync(async _ =>
        {
            var user = LooksLikeAnId(id) ? await userManager.FindByIdAsync(id) : null;
            if (user == null)
            {
                return IdentityResult.Failed(new DutchIdentityErrorDescriber().InvalidToken());
            }
            var reset = await userManager.ResetPasswordAsync(user, token, Password);
            if (!reset.Succeeded)
            {
                return reset;
            }
            // A successful reset also ends a lockout: the person proved they own the mailbox. The new
            // security stamp (set by the reset) ends every other session at its next check.
            await userManager.SetLockoutEndDateAsync(user, null);
            await userManager.ResetAccessFailedCountAsync(user);
            db.AuditAccount(SecurityEvents.PasswordReset, user);
            await db.SaveChangesAsync(ct);
            return IdentityResult.Success;
        }, ct);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(string.Empty, error.Description);
            }
            return Page();
        }
        TempData["Message"] = Messages.Text("Uw wachtwoord is ingesteld. U kunt nu inloggen.");
        return RedirectToPage("/Account/Login");
    }
}
