using System.ComponentModel.DataAnnotations;
using System.Text;
using Commitments.Core.Identity;
using Commitments.Core.Persistence;
using Commitments.Web.Email;
using Commitments.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace Commitments.Web.Pages.Account;

[AllowAnonymous]
[LimitAttempts(AttemptKind.ForgotPassword, nameof(Email))]
public class ForgotPasswordModel(UserManager<AppUser> userManager, IEmailOutbox outbox, CommitmentsDbContext db, PublicLinks links) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Vul uw e-mailadres in.")]
    [EmailAddress(ErrorMessage = "Vul een geldig e-mailadres in.")]
    [StringLength(320, ErrorMessage = "Een e-mailadres is hoogstens 320 tekens lang.")]
    public string Email { get; set; } = "";

    public bool Sent { get; private set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        // The same answer and the same work whether or not the address has an account: one look-up
        // and one transaction with the request in the audit trail. For a real account that
        // transaction also holds the e-mail, which the outbox job sends later, outside this request.
        await db.InTransactionAsync(async token =>
        {
            var user = await userManager.FindByEmailAsync(Email.Trim());
            if (user != null)
            {
                var resetToken = await userManager.GeneratePasswordResetTokenAsync(user);
                var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(resetToken));
                // The id, not the address: the link's URL ends up in proxy logs and browser history.
                var link = links.Page("/Account/ResetPassword", new { userId = user.Id, code });
                // In the language the person chose (stored on the account), not the one of this browser.
                var (subject, body) = MailTemplates.Render("password-reset", user.Culture, new Dictionary<string, string>
                {
                    ["name"] = user.DisplayName ?? user.Email!,
                    ["link"] = link,
                });
                outbox.Enqueue(user.Email!, subject, body);
                db.AuditAccount(SecurityEvents.PasswordResetRequested, user);
            }
            else
            {
                db.AuditUnknownAccount(SecurityEvents.PasswordResetRequested);
            }
            return await db.SaveChangesAsync(token);
        }, ct);
        Sent = true;
        return Page();
    }
}
