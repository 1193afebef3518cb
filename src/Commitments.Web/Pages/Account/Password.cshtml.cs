using System.ComponentModel.DataAnnotations;
using Commitments.Core.Identity;
using Commitments.Core.Persistence;
using Commitments.Web.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Commitments.Web.Pages.Account;

/// <summary>
/// A signed-in user changes their own password. The change gives the account a new security stamp:
/// this browser gets a fresh sign-in, every other session ends at its next check (within 5 minutes).
/// A wrong current password counts as a failed sign-in, so a borrowed session cannot guess it.
/// </summary>
public class PasswordModel(UserManager<AppUser> userManager, SignInManager<AppUser> signInManager, CommitmentsDbContext db) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Vul uw huidige wachtwoord in.")]
    [DataType(DataType.Password)]
    public string CurrentPassword { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Kies een nieuw wachtwoord.")]
    [DataType(DataType.Password)]
    public string NewPassword { get; set; } = "";

    [BindProperty]
    [Compare(nameof(NewPassword), ErrorMessage = "De wachtwoorden zijn niet gelijk.")]
    [DataType(DataType.Password)]
    public string ConfirmPassword { get; set; } = "";

    /// <summary>The start-up password of the first administrator must be replaced before anything else.</summary>
    public bool MustChange => User.HasClaim(c => c.Type == Sessions.MustChangePasswordClaim);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var user = await userManager.GetUserAsync(User);
        if (user == null)
        {
            return Challenge(); // the account no longer exists
        }
        if (await userManager.IsLockedOutAsync(user))
        {
            ModelState.AddModelError(string.Empty,
                Messages.Text("Na te veel onjuiste wachtwoorden kunt u uw wachtwoord tijdelijk niet wijzigen. Probeer het over 15 minuten opnieuw."));
            return Page();
        }
        var result = await db.InTransactionAsync(async _ =>
        {
            var changed = await userManager.ChangePasswordAsync(user, CurrentPassword, NewPassword);
            if (changed.Succeeded)
            {
                await userManager.ResetAccessFailedCountAsync(user);
                // The first administrator's start-up password has now been replaced.
                foreach (var claim in (await userManager.GetClaimsAsync(user)).Where(c => c.Type == Sessions.MustChangePasswordClaim))
                {
                    await userManager.RemoveClaimAsync(user, claim);
                }
                db.AuditAccount(SecurityEvents.PasswordChanged, user);
                await db.SaveChangesAsync(ct);
            }
            else if (changed.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
            {
                await userManager.AccessFailedAsync(user);
            }
            return changed;
        }, ct);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                var field = error.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? nameof(CurrentPassword) : nameof(NewPassword);
                ModelState.AddModelError(field, error.Description);
            }
            return Page();
        }
        await signInManager.RefreshSignInAsync(user);
        TempData["Message"] = Messages.Text("Uw wachtwoord is gewijzigd. Op andere apparaten wordt u binnen vijf minuten uitgelogd.");
        return RedirectToPage("/Index");
    }
}
