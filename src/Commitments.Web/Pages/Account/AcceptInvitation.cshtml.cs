using System.ComponentModel.DataAnnotations;
using Commitments.Core.Domain;
using Commitments.Web.Identity;
using Commitments.Web.Invitations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Commitments.Web.Pages.Account;

[AllowAnonymous]
[LimitAttempts(AttemptKind.AcceptInvitation, nameof(Token))] // the token stands for the account to be
public class AcceptInvitationModel(InvitationService invitations) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Token { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Vul uw naam in.")]
    [StringLength(200, ErrorMessage = "Uw naam is te lang: hoogstens 200 tekens.")]
    public string DisplayName { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Kies een wachtwoord.")]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    public Invitation? Invitation { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Invitation = await invitations.FindOpenAsync(Token, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Invitation = await invitations.FindOpenAsync(Token, ct);
        if (Invitation == null || !ModelState.IsValid)
        {
            return Page();
        }
        var result = await invitations.AcceptAsync(Invitation, DisplayName, Password, ct);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(nameof(Password), error.Description);
            }
            return Page();
        }
        TempData["Message"] = Messages.Text("Uw account is aangemaakt. U kunt nu inloggen.");
        return RedirectToPage("/Account/Login");
    }
}
