using Commitments.Core.Identity;
using Commitments.Core.Tenancy;
using Commitments.Web.Tenancy;
using Microsoft.AspNetCore.Identity;

namespace Commitments.Web.Identity;

public static class RoleSetup
{
    /// <summary>
    /// Makes sure the four roles exist, and on a new installation creates the first administrator
    /// from Bootstrap:AdministratorEmail and Bootstrap:AdministratorPassword when both are set
    /// (without users nobody could send the first invitation).
    /// </summary>
    public static async Task EnsureRolesAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        using var widened = scope.ServiceProvider.GetRequiredService<DataScopeAccessor>().Widen(DataScope.Everything("start-up role set-up"));
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        var email = app.Configuration["Bootstrap:AdministratorEmail"];
        var password = app.Configuration["Bootstrap:AdministratorPassword"];
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            return;
        }
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if ((await users.GetUsersInRoleAsync(Roles.Administrator)).Count > 0)
        {
            return;
        }
        var admin = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Beheerder" };
        var result = await users.CreateAsync(admin, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("The first administrator could not be created: " +
                string.Join("; ", result.Errors.Select(e => e.Description)));
        }
        await users.AddToRoleAsync(admin, Roles.Administrator);
        // The start-up password is in configuration files and deployment scripts: the first sign-in
        // must replace it (AccountGate), then set up two-step verification.
        await users.AddClaimAsync(admin, new System.Security.Claims.Claim(Sessions.MustChangePasswordClaim, "true"));
        // The address stays out of the log: it is in the configuration the operator set.
        app.Logger.LogWarning("Created the first administrator {UserId} from Bootstrap:AdministratorEmail; its password must be changed at the first sign-in.", admin.Id);
    }
}
