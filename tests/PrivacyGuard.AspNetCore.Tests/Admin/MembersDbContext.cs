using Microsoft.EntityFrameworkCore;

namespace PrivacyGuard.AspNetCore.Tests.Admin;

/// <summary>A member of a small application whose personal data the admin API exercises.</summary>
public sealed class Member
{
    [DataSubjectId]
    public Guid Id { get; set; }

    [PersonalData(PersonalDataCategory.Email)]
    public string Email { get; set; } = "";

    [PersonalData(PersonalDataCategory.Name)]
    public string? RealName { get; set; }

    public string Plan { get; set; } = "free";
}

/// <summary>The application's context.</summary>
public sealed class MembersDbContext(DbContextOptions<MembersDbContext> options) : DbContext(options)
{
    public DbSet<Member> Members => Set<Member>();
}
