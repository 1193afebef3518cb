using System.ComponentModel.DataAnnotations;
using System.Text;
using Commitments.Core.Identity;
using Commitments.Core.Persistence;
using Commitments.Web.Email;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace Commitments.Web.Pages.Account;

[AllowAnonymous]
public class ForgotPasswordModel(UserManager<AppUser> userManager, IEmailOutbox outbox, CommitmentsDbContext db) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Vul uw e-mailadres in. (Enter your e-mail address.)")]
    [EmailAddress(ErrorMessage = "Vul een geldig e-mailadres in. (Enter a valid e-mail address.)")]
    public string Email { get; set; } = "";

    public bool Sent { get; private set; }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var user = await userManager.FindByEmailAsync(Email);
        if (user != null)
        {
            var token = await userManager.GeneratePasswordResetTokenAsync(user);
            var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
            var link = Url.Page("/Account/ResetPassword", null, new { email = user.Email, code }, Request.Scheme)!;
            outbox.Enqueue(user.Email!, "Nieuw wachtwoord instellen – Techniekpact",
                $"""
                Beste {user.DisplayName ?? user.Email},

                Via de link hieronder stelt u een nieuw wachtwoord in. De link is 8 uur geldig.
                {link}

                Heeft u dit niet aangevraagd? Dan kunt u dit bericht negeren.

                (Use the link above to set a new password. It is valid for 8 hours.)
                """);
            await db.SaveChangesAsync();
        }
        // The same answer whether or not the address has an account: do not reveal who has one.
        Sent = true;
        return Page();
    }
}
