using System.Globalization;
using System.Security.Claims;
using Commitments.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Commitments.Web.Identity;

/// <summary>Puts the user's organisation or region into the sign-in cookie, where the data scope reads it.</summary>
public sealed class ScopeClaimsPrincipalFactory(
    UserManager<AppUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.OrganizationId is { } organizationId)
        {
            identity.AddClaim(new Claim(ScopeClaimTypes.OrganizationId, organizationId.ToString(CultureInfo.InvariantCulture)));
        }
        if (user.RegionId is { } regionId)
        {
            identity.AddClaim(new Claim(ScopeClaimTypes.RegionId, regionId.ToString(CultureInfo.InvariantCulture)));
        }
        if (!string.IsNullOrEmpty(user.DisplayName))
        {
            identity.AddClaim(new Claim("name:display", user.DisplayName));
        }
        return identity;
    }
}
