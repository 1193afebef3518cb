using System.ComponentModel.DataAnnotations;
using System.Text;
using Commitments.Core.Identity;
using Commitments.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace Commitments.Web.Pages.Account;

[AllowAnonymous]
public class ResetPasswordModel(UserManager<AppUser> userManager) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Email { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string Code { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Kies een nieuw wachtwoord. (Choose a new password.)")]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [BindProperty]
    [Compare(nameof(Password), ErrorMessage = "De wachtwoorden zijn niet gelijk. (The passwords do not match.)")]
    [DataType(DataType.Password)]
    public string ConfirmPassword { get; set; } = "";

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var user = await userManager.FindByEmailAsync(Email);
        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(Code));
        }
        catch (FormatException)
        {
            token = "";
        }
        var result = user == null
            ? IdentityResult.Failed(new DutchIdentityErrorDescriber().InvalidToken())
            : await userManager.ResetPasswordAsync(user, token, Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(string.Empty, error.Description);
            }
            return Page();
        }
        // A successful reset also ends a lockout: the person proved they own the mailbox.
        await userManager.SetLockoutEndDateAsync(user!, null);
        await userManager.ResetAccessFailedCountAsync(user!);
        TempData["Message"] = "Uw wachtwoord is ingesteld. U kunt nu inloggen. (Your password has been set. You can now sign in.)";
        return RedirectToPage("/Account/Login");
    }
}
