using System.ComponentModel.DataAnnotations;
using Commitments.Core.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Commitments.Web.Pages.Account;

[AllowAnonymous]
public class LoginModel(SignInManager<AppUser> signInManager, ILogger<LoginModel> logger) : PageModel
{
    [BindProperty]
    public LoginForm Form { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public sealed class LoginForm
    {
        [Required(ErrorMessage = "Vul uw e-mailadres in. (Enter your e-mail address.)")]
        [EmailAddress(ErrorMessage = "Vul een geldig e-mailadres in. (Enter a valid e-mail address.)")]
        [Display(Name = "E-mailadres")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Vul uw wachtwoord in. (Enter your password.)")]
        [DataType(DataType.Password)]
        [Display(Name = "Wachtwoord")]
        public string Password { get; set; } = "";
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var result = await signInManager.PasswordSignInAsync(Form.Email, Form.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            logger.LogInformation("User {Email} signed in.", Form.Email);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }
        if (result.IsLockedOut)
        {
            logger.LogWarning("Account {Email} is locked out after repeated failed sign-ins.", Form.Email);
            ModelState.AddModelError(string.Empty,
                "Dit account is tijdelijk geblokkeerd na te veel mislukte pogingen. Probeer het over 15 minuten opnieuw of stel uw wachtwoord opnieuw in. " +
                "(This account is locked after too many failed attempts. Try again in 15 minutes or reset your password.)");
            return Page();
        }
        // One message for unknown address and wrong password: do not reveal which accounts exist.
        ModelState.AddModelError(string.Empty, "E-mailadres of wachtwoord klopt niet. (E-mail address or password is incorrect.)");
        return Page();
    }
}
