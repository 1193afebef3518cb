namespace Commitments.Core.Domain;

/// <summary>
/// An invitation to create an account. There is no open registration: every user arrives this way.
/// Only a hash of the token is stored; the token itself travels in the e-mail.
/// </summary>
public class Invitation
{
    public int Id { get; set; }
    public required string Email { get; set; }
    public required string Role { get; set; }
    public int? OrganizationId { get; set; }
    public Organization? Organization { get; set; }
    public int? RegionId { get; set; }
    public Region? Region { get; set; }
    public required string TokenHash { get; set; }
    public required string InvitedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? AcceptedAt { get; set; }
}
