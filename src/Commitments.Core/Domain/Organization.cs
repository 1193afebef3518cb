namespace Commitments.Core.Domain;

public enum OrganizationType
{
    Province,
    Municipality,
    Business,
    EducationInstitution,
    KnowledgeInstitute,
    Government,
    Other,
}

/// <summary>A pact partner, and the tenant that owns commitments.</summary>
public class Organization
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public OrganizationType Type { get; set; }
    public int RegionId { get; set; }
    public Region? Region { get; set; }
    public int? ProvinceId { get; set; }
    public Province? Province { get; set; }

    /// <summary>
    /// Chamber of Commerce number: eight digits, kept as text so that leading zeros survive
    /// (01234567 stays 01234567). See <see cref="KvkNumber"/>.
    /// </summary>
    public string? KvkNumber { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// Set when the organisation no longer takes part: it cannot be chosen for new commitments or
    /// accounts, while its commitments and their history stay as they were.
    /// </summary>
    public DateTime? DeactivatedAt { get; set; }

    public bool IsActive => DeactivatedAt == null;
}
