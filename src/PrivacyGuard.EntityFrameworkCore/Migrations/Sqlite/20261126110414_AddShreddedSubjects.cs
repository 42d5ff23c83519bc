using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PrivacyGuard.EntityFrameworkCore.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddShreddedSubjects : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "shredded_subjects",
                columns: table => new
                {
                    subject_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    shredded_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_shredded_subjects", x => x.subject_id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "shredded_subjects");
        }
    }
}
